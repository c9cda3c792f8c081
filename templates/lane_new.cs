<?cs def:content() ?>
<section class="card narrow">
  <p><a href="/lanes">Back to the lanes</a></p>
  <h1>Register a lane</h1>
  <p class="hint">The lane gets a token for the sync API. It is shown once, on the next page: enter it into the lane's settings then.</p>
  <form method="post" action="/lanes" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <label for="name">Name <span class="hint">(such as "Till 3"; unique in this store)</span></label>
    <input id="name" name="name" type="text" maxlength="<?cs var:Form.NameMax ?>" required autocomplete="off" value="<?cs var:Form.name ?>"<?cs if:Errors.name ?> aria-invalid="true" aria-describedby="name-error"<?cs /if ?>>
<?cs if:Errors.name ?>
    <p class="field-error" id="name-error"><?cs var:Errors.name ?></p>
<?cs /if ?>
<?cs include:"approval.cs" ?>
    <button type="submit">Register</button>
  </form>
</section>
<?cs /def ?>
