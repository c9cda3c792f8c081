<?cs if:Approval.Needed ?>
<fieldset class="approval">
  <legend>Manager approval</legend>
  <p class="hint">Your user group needs a manager's code for this.</p>
<?cs if:subcount(Approval.Managers) == 0 ?>
  <p class="field-error" id="manager_code-error">No manager of this store may approve it yet: a manager must set a manager code first.</p>
<?cs else ?>
  <label for="manager_id">Manager</label>
  <select id="manager_id" name="manager_id">
    <option value="">Choose…</option>
<?cs each:m = Approval.Managers ?>
    <option value="<?cs var:m.Id ?>"<?cs if:m.Id == Approval.Chosen ?> selected<?cs /if ?>><?cs var:m.Name ?></option>
<?cs /each ?>
  </select>
  <label for="manager_code">Manager code</label>
  <input id="manager_code" name="manager_code" type="password" inputmode="numeric" autocomplete="off" maxlength="8"<?cs if:Approval.Error ?> aria-invalid="true" aria-describedby="manager_code-error"<?cs /if ?>>
<?cs if:Approval.Error ?>
  <p class="field-error" id="manager_code-error"><?cs var:Approval.Error ?></p>
<?cs /if ?>
<?cs /if ?>
</fieldset>
<?cs /if ?>
