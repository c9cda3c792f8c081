  <div>
    <label for="f-from">From <span class="hint">(YYYY-MM-DD)</span></label>
    <input id="f-from" name="from" type="text" value="<?cs var:Filter.from ?>"<?cs if:Errors.from ?> aria-invalid="true" aria-describedby="from-error"<?cs /if ?>>
<?cs if:Errors.from ?>
    <p class="field-error" id="from-error"><?cs var:Errors.from ?></p>
<?cs /if ?>
  </div>
  <div>
    <label for="f-to">To <span class="hint">(YYYY-MM-DD)</span></label>
    <input id="f-to" name="to" type="text" value="<?cs var:Filter.to ?>"<?cs if:Errors.to ?> aria-invalid="true" aria-describedby="to-error"<?cs /if ?>>
<?cs if:Errors.to ?>
    <p class="field-error" id="to-error"><?cs var:Errors.to ?></p>
<?cs /if ?>
  </div>
