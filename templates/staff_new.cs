<?cs def:content() ?>
<section class="card wide">
  <h1>Add a staff member</h1>
  <p class="lead">They join <?cs var:Session.StoreName ?> with the user group you choose.</p>
  <form method="post" action="/staff" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="off" required value="<?cs var:Form.Email ?>"<?cs if:Errors.email ?> aria-invalid="true" aria-describedby="email-error"<?cs /if ?>>
<?cs if:Errors.email ?>
    <p class="field-error" id="email-error"><?cs var:Errors.email ?></p>
<?cs /if ?>
    <label for="name">Name</label>
    <input id="name" name="name" type="text" maxlength="200" required value="<?cs var:Form.Name ?>"<?cs if:Errors.name ?> aria-invalid="true" aria-describedby="name-error"<?cs /if ?>>
<?cs if:Errors.name ?>
    <p class="field-error" id="name-error"><?cs var:Errors.name ?></p>
<?cs /if ?>
    <label for="group_id">User group in this store</label>
    <select id="group_id" name="group_id" required<?cs if:Errors.group_id ?> aria-invalid="true" aria-describedby="group_id-error"<?cs /if ?>>
      <option value="">Choose…</option>
<?cs each:g = Groups ?>
      <option value="<?cs var:g.Id ?>"<?cs if:g.Id == Form.GroupId ?> selected<?cs /if ?>><?cs var:g.Name ?></option>
<?cs /each ?>
    </select>
<?cs if:Errors.group_id ?>
    <p class="field-error" id="group_id-error"><?cs var:Errors.group_id ?></p>
<?cs /if ?>
    <label for="password">Temporary password <span class="hint">(at least 12 characters; they choose their own when they first sign in)</span></label>
    <input id="password" name="password" type="password" autocomplete="new-password" minlength="12" aria-describedby="password-hint<?cs if:Errors.password ?> password-error<?cs /if ?>"<?cs if:Errors.password ?> aria-invalid="true"<?cs /if ?>>
<?cs if:Errors.password ?>
    <p class="field-error" id="password-error"><?cs var:Errors.password ?></p>
<?cs /if ?>
    <p class="hint" id="password-hint">If this email already belongs to someone who works in another store, they are added to this store with the group you choose. Their name and password stay as they are: the name and temporary password typed here are then not used.</p>
<?cs include:"approval.cs" ?>
    <button type="submit">Add staff member</button>
  </form>
</section>
<?cs /def ?>
